"""Placeholder: being written (see the issue tracker)."""


def marker_rates(*args, **kwargs):
    raise NotImplementedError('marker_rates')


def compare_rates(*args, **kwargs):
    raise NotImplementedError('compare_rates')

