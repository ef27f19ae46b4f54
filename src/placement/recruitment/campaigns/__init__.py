"""Campaigns: the joint local recruitment campaigns and their targets."""
