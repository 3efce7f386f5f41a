from pqrs.desk.tests.conftest import _eager_celery, as_user

__all__ = ["_eager_celery", "as_user"]
