"""Placeholder: being written (see the issue tracker)."""


def load_lexicon(*args, **kwargs):
    raise NotImplementedError('load_lexicon')

