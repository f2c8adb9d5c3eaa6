"""Jinja2 templates (autoescaped) of every HTML page and view the package writes."""
