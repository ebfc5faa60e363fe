"""Views of many cases: list rows and filters, the gate that overdue applies, the customers
seen through their cases."""
