"""One valid certificate per achievement (a revoked one may stay beside the one issued again),
and an in-person assessment that goes with its certificate when the person's account is
deleted (RESTRICT instead of PROTECT: on_delete lives in Django, so no table changes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_certificates"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="certificate",
            name="certificate_once_per_achievement",
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("revoked_at", None)),
                fields=("holder", "achievement"),
                name="certificate_once_per_achievement",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="in_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="certificates.inpersonassessment",
            ),
        ),
    ]
