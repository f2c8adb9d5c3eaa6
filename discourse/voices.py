"""Placeholder: being written (see the issue tracker)."""


def attributions(*args, **kwargs):
    raise NotImplementedError('attributions')


def actors(*args, **kwargs):
    raise NotImplementedError('actors')

