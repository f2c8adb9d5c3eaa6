"""Placeholder: being written (see the issue tracker)."""


def align_sentences(*args, **kwargs):
    raise NotImplementedError('align_sentences')


def aligned_html(*args, **kwargs):
    raise NotImplementedError('aligned_html')

