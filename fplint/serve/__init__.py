"""fplint in the editor: the language server (``fplint server``) and the schema set-up for editors.

The language server needs the ``lsp`` extra (pygls, lsprotocol); nothing here imports them
until the server starts.
"""
