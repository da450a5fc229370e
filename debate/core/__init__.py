"""The pure domain: no click, rich, questionary, store or database driver."""
