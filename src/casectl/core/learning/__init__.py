"""Learning from cases: the retrospective report and its figures, the scorecard, the monthly
plan, the case library and letters to the customer."""
