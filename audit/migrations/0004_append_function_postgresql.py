"""PostgreSQL: append events to the chain in one statement (audit.services.audit_record_many).

The function takes the chain's lock, reads the hash of the last event, and inserts each event with its link:
sha256(previous hash + newline + the event's canonical JSON, which the caller computes with audit.chain.canonical).
It is the same link as audit.chain.link_hash, so `manage.py audit_verify` checks rows written either way. Each
statement in a PL/pgSQL function sees what was committed before it ran, so the read of the chain's end happens
after the lock is held, as with separate statements. One round trip instead of five (BEGIN, lock, read, insert,
COMMIT) for a read of a case in autocommit; one instead of three inside a caller's transaction.
"""

from django.db import migrations

UP = r"""
CREATE OR REPLACE FUNCTION audit_event_append(
    lock_id bigint,
    case_ids bigint[],
    actor_ids bigint[],
    actor_labels text[],
    actions text[],
    datas jsonb[],
    ats timestamptz[],
    payloads text[]
) RETURNS TABLE (event_id bigint, event_prev_hash text, event_hash text) AS $$
DECLARE
    previous text;
    current text;
    i integer;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_id);
    SELECT e.hash INTO previous FROM audit_event e ORDER BY e.id DESC LIMIT 1;
    IF previous IS NULL THEN
        previous := repeat('0', 64);
    END IF;
    FOR i IN 1 .. coalesce(array_length(payloads, 1), 0) LOOP
        current := encode(sha256(convert_to(previous || E'\n' || payloads[i], 'UTF8')), 'hex');
        INSERT INTO audit_event (case_id, actor_id, actor_label, action, data, at, prev_hash, hash)
        VALUES (case_ids[i], actor_ids[i], actor_labels[i], actions[i], datas[i], ats[i], previous, current)
        RETURNING id INTO event_id;
        event_prev_hash := previous;
        event_hash := current;
        RETURN NEXT;
        previous := current;
    END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE
"""
DOWN = (
    "DROP FUNCTION IF EXISTS audit_event_append(bigint, bigint[], bigint[], text[], text[], jsonb[], "
    "timestamptz[], text[])"
)


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sqlite_refuse_delete")]

    operations = [migrations.RunPython(up, down)]
