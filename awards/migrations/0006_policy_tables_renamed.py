# The policy record moves to the `policy` app: first its tables take that app's names (rows, keys and foreign
# keys stay); policy 0001 then adopts the model in the migration state, and 0007 lets go of it here.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0005_policy_term_years'),
    ]

    operations = [
        migrations.AlterModelTable(name='policyrecord', table='policy_policyrecord'),
        migrations.AlterModelTable(name='historicalpolicyrecord', table='policy_historicalpolicyrecord'),
    ]
