"""The SLA clocks: the working calendar, every clock of a case and its state, clocks worked out
once and measured later. Knows none of the other domains (DESIGN.md section 4)."""
