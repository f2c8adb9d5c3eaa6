"""Placeholder: being written (see the issue tracker)."""


def plot_style_profile(*args, **kwargs):
    raise NotImplementedError('plot_style_profile')

