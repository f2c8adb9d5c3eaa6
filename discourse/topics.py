"""Placeholder: being written (see the issue tracker)."""


def fit_topics(*args, **kwargs):
    raise NotImplementedError('fit_topics')

