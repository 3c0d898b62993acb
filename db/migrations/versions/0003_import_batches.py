"""import batch items and unit mappings

Revision ID: 0003_import_batches
Revises: 0002_evaluation_settings
Create Date: 2026-11-29 15:21:06.070134
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0003_import_batches'
down_revision: Union[str, None] = '0002_evaluation_settings'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('unit_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_unit_mapping_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_mapping_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_mapping')),
    sa.UniqueConstraint('plan_id', 'unit_id', name=op.f('uq_unit_mapping_plan_id'))
    )
    with op.batch_alter_table('unit_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_mapping_unit_id'), ['unit_id'], unique=False)

    op.create_table('import_batch_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=True),
    sa.Column('cell', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_batch_item_batch_id_import_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch_item'))
    )
    with op.batch_alter_table('import_batch_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_item_batch_id'), ['batch_id'], unique=False)

    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_format', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('template_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('os_user', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('undone_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('undone_at')
        batch_op.drop_column('os_user')
        batch_op.drop_column('template_id')
        batch_op.drop_column('file_format')

    with op.batch_alter_table('import_batch_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_item_batch_id'))

    op.drop_table('import_batch_item')
    with op.batch_alter_table('unit_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_mapping_unit_id'))

    op.drop_table('unit_mapping')