from django.db import migrations, models
from django.db.models import F


def mark_existing_walls_changed(apps, schema_editor):
    # What changed before this field existed is unknown: walls shown before it get the whole wall.
    apps.get_model("discussion", "GuidingQuestion").objects.update(layout_revision=F("revision"))


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0003_fazit_sources"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidingquestion",
            name="layout_revision",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(mark_existing_walls_changed, migrations.RunPython.noop),
    ]
