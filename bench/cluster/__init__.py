"""Several nodes: the cost of a delivery across Redis, and what a second node adds."""
