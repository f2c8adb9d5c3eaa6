"""Placeholder: being written (see the issue tracker)."""


def style_profile(*args, **kwargs):
    raise NotImplementedError('style_profile')

