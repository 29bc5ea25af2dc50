"""core.sessions: a changed session is saved with one UPDATE, and a session deleted meanwhile stays deleted."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session

from core.sessions import SessionStore


@pytest.fixture
def saved_session(transactional_db):
    store = SessionStore()
    store["intake"] = {"pages": {}}
    store.save(must_create=True)
    return store.session_key


def test_a_changed_session_is_saved_with_one_statement(saved_session, django_assert_num_queries):
    store = SessionStore(session_key=saved_session)
    store["intake"] = {"pages": {"vad-galler": {"kind": "complaint"}}}  # loads it (one query)
    with django_assert_num_queries(1):
        store.save()
    assert SessionStore(session_key=saved_session).load() == {
        "intake": {"pages": {"vad-galler": {"kind": "complaint"}}}
    }


def test_a_session_deleted_meanwhile_is_not_brought_back(saved_session):
    store = SessionStore(session_key=saved_session)
    store["x"] = 1
    Session.objects.filter(
        session_key=saved_session
    ).delete()  # e.g. logged out everywhere, on another device
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()


def test_a_new_session_is_created_as_django_does(transactional_db):
    store = SessionStore()
    store["a"] = 1
    store.save()
    assert SessionStore(session_key=store.session_key).load() == {"a": 1}
