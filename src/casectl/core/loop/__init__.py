"""The close-the-loop steps: each step as a function (case in, changed case out), how a promise
ends, the side steps, and the cross-field checks of one case (DESIGN.md section 3)."""
