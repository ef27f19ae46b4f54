"""The Commissie Passend Alternatief: referral of an open request, the dossier assembled from what
is stored, the commission's decision, and the dossier as a PDF (docs/commission.md)."""
