"""Placeholder: being written (see the issue tracker)."""


def plot_keyness(*args, **kwargs):
    raise NotImplementedError('plot_keyness')


def plot_log_odds(*args, **kwargs):
    raise NotImplementedError('plot_log_odds')


def plot_tf_idf(*args, **kwargs):
    raise NotImplementedError('plot_tf_idf')


def plot_topic_shares(*args, **kwargs):
    raise NotImplementedError('plot_topic_shares')

