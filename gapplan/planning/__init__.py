"""Planning: the gap (``gap``), the optimal plan (``planner`` over ``_context``, ``_instance``, ``_order``
and ``_solver``) and its calendar (``schedule``). Modules load on use; the solver imports HiGHS only when
it runs."""
