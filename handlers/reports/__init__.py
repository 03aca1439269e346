"""Reports from the cells: forms as data, the guided conversation, registration, the office."""
