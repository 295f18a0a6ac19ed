"""`claimcheck lsp`: a language server for a registry (`claims.yaml`) and its page.

- `documents`: text with its lines, words at a place, where a place stands in the YAML.
- `analysis`: one offline run of a registry's buffer (and its page's), and its findings as
  diagnostics, in code points.
- `features`: hover, go-to-definition, completion, from an analysis; `actions`: the code
  actions' edits (register a figure, add a mention, add a `kind`, mark reviewed).
- `server`: the pygls server that wires them to the protocol (imported only by the command).

Nothing here runs the checks itself: the command passes in the run (`claimcheck.engine`),
which is offline whatever the settings say.
"""
