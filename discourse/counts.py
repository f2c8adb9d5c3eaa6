"""Placeholder: being written (see the issue tracker)."""


def count_terms(*args, **kwargs):
    raise NotImplementedError('count_terms')

