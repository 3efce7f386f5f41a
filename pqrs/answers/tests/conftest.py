from pqrs.desk.tests.conftest import _eager_celery, _fast_passwords, as_user

__all__ = ["_eager_celery", "_fast_passwords", "as_user"]
