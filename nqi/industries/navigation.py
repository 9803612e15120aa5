from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register

register(MenuItem("industry", _("特色产业"), "industries:featuredindustry_list", icon="diagram-3", order=10))
