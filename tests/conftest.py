import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def example():
    import discourse as dc

    return dc.load_example()
