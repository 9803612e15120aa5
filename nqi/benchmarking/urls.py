from django.urls import path

from nqi.benchmarking.views import bureau, comparisons, editing, outputs, public

app_name = "benchmarking"
urlpatterns = [
    path("", comparisons.comparison_list, name="comparison_list"),
    path("new/", comparisons.comparison_create, name="comparison_create"),
    path("<int:pk>/", comparisons.comparison_detail, name="comparison_detail"),
    path("<int:pk>/benchmarks/", editing.comparison_benchmark_add, name="comparison_benchmark_add"),
    path(
        "<int:pk>/benchmarks/<int:benchmark_id>/remove/",
        editing.comparison_benchmark_remove,
        name="comparison_benchmark_remove",
    ),
    path("<int:pk>/values/", editing.comparison_values_save, name="comparison_values_save"),
    path("<int:pk>/values/import/", editing.comparison_values_import, name="comparison_values_import"),
    path("<int:pk>/run/", editing.comparison_run, name="comparison_run"),
    path("<int:pk>/transition/", editing.comparison_transition, name="comparison_transition"),
    path("<int:pk>/plan/", editing.comparison_plan_add, name="comparison_plan_add"),
    path(
        "<int:pk>/plan/<int:item_id>/done/", editing.comparison_plan_complete, name="comparison_plan_complete"
    ),
    path("<int:pk>/reports/", editing.comparison_report_add, name="comparison_report_add"),
    path("<int:pk>/report.<str:fmt>", outputs.comparison_report, name="comparison_report"),
    path("<int:pk>/report/print/", outputs.comparison_report_print, name="comparison_report_print"),
    path("test-reports/<int:pk>/file/", outputs.testreport_file, name="testreport_file"),
    path("overview/", bureau.overview, name="overview"),
    path("rankings/", bureau.ranking_manage, name="ranking_manage"),
    path("rankings/<int:pk>/publish/", bureau.ranking_publish, name="ranking_publish"),
    path("rankings/<int:pk>/preview/", bureau.ranking_preview, name="ranking_preview"),
    path("indicators/", bureau.indicator_list, name="indicator_list"),
    path("public/declarations/", public.public_declaration_list, name="public_declaration_list"),
    path("public/declarations/<int:pk>/", public.public_declaration_detail, name="public_declaration_detail"),
    path("public/forerunners/", public.public_ranking_list, name="public_ranking_list"),
    path("public/forerunners/<int:pk>/", public.public_ranking_detail, name="public_ranking_detail"),
]
