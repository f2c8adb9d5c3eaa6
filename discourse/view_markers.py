"""Placeholder: being written (see the issue tracker)."""


def markers_html(*args, **kwargs):
    raise NotImplementedError('markers_html')

