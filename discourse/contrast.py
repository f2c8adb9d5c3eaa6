"""Placeholder: being written (see the issue tracker)."""


def tf_idf(*args, **kwargs):
    raise NotImplementedError('tf_idf')


def keyness(*args, **kwargs):
    raise NotImplementedError('keyness')


def log_odds(*args, **kwargs):
    raise NotImplementedError('log_odds')

