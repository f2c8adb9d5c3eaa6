"""Placeholder: being written (see the issue tracker)."""


def plot_marker_rates(*args, **kwargs):
    raise NotImplementedError('plot_marker_rates')


def plot_marker_dispersion(*args, **kwargs):
    raise NotImplementedError('plot_marker_dispersion')

