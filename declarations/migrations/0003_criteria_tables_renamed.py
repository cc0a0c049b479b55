# The national criteria editions move to the `policy` app: first their tables take that app's names (rows, keys
# and foreign keys stay); policy 0001 then adopts the model in the migration state, and 0004 lets go of it here.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0002_criteria_editions'),
    ]

    operations = [
        migrations.AlterModelTable(name='criteriaedition', table='policy_criteriaedition'),
        migrations.AlterModelTable(name='historicalcriteriaedition', table='policy_historicalcriteriaedition'),
    ]
