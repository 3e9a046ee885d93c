"""Check: rules run over documents by the engine, filtered (baseline, suppressions) into a Report."""
