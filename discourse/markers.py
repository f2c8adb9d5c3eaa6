"""Placeholder: being written (see the issue tracker)."""


def find_markers(*args, **kwargs):
    raise NotImplementedError('find_markers')

