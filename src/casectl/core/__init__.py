"""The rules, pure: no files, environment, clock, processes, typer or rich; what a rule needs
is passed in.

The top-level modules are the shared vocabulary (model, choices, ids, problems, durations,
dates, config, sections, layout, lifecycle, names); the sub-packages are the domains, each
standing on the ones below it: clocks, loop, customers and learning, views, transfer and
teamwork (docs/architecture.md; import-linter keeps the order)."""
