"""Modal dialogs that dismiss with a value: forms, confirmations, pickers."""
