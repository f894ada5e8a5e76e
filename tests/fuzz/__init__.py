"""Fuzz harnesses (atheris), run by ``make fuzz``; not collected by pytest."""
