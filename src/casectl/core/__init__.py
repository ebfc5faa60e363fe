"""The rules, pure: models, calendar and clocks, lifecycle and steps, merges, report figures.
No files, environment, clock, processes, typer or rich: what a rule needs is passed in."""
