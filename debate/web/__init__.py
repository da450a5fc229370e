"""The room's web server (`debate serve`): a second adapter beside the CLI, over the
same use cases. Imported only by `serve`, so that no other command loads Starlette."""
