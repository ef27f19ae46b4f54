"""Operations: first accounts, backup and restore, the maintenance job, readiness and metrics."""
