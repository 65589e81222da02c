"""The CLI's commands, one module per group; each imports only typer and the standard library at the top."""
