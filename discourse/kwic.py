"""Placeholder: being written (see the issue tracker)."""


def kwic(*args, **kwargs):
    raise NotImplementedError('kwic')


def collocations(*args, **kwargs):
    raise NotImplementedError('collocations')

