"""evaluation settings and unit contacts

Revision ID: 0002_evaluation_settings
Revises: 0001_baseline
Create Date: 2026-11-29 14:53:22.075917
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0002_evaluation_settings'
down_revision: Union[str, None] = '0001_baseline'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scoring', sa.String(length=20), server_default='proportional', nullable=False))
        batch_op.add_column(sa.Column('hand_score', db.types.ExactDecimal(), nullable=True))

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('indicator_notes', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('lagging_threshold', db.types.ExactDecimal(), nullable=True))
        batch_op.add_column(sa.Column('severe_threshold', db.types.ExactDecimal(), nullable=True))
        batch_op.add_column(sa.Column('due_soon_days', sa.Integer(), nullable=True))

    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_person', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_person')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('due_soon_days')
        batch_op.drop_column('severe_threshold')
        batch_op.drop_column('lagging_threshold')
        batch_op.drop_column('indicator_notes')

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('hand_score')
        batch_op.drop_column('scoring')
