"""Placeholder: being written (see the issue tracker)."""


def sentence_stance(*args, **kwargs):
    raise NotImplementedError('sentence_stance')

