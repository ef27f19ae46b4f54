"""The recruitment reports: the funnel per campaign and channel, the supply gap, CSV export."""
