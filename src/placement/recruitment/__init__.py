"""Recruitment (werving): campaigns, leads from first interest to an approved carer, follow-up
tasks, duplicates, privacy, the funnel and the supply gap. Recruiters never see children."""
