"""The soak benchmark: many logged-in people on the three gateways, talking for minutes."""
