"""Read: bytes on disk to documents (text, parsed value, layout, turns, positions), problems kept as data."""
