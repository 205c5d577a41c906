"""The programme a tenant runs: settings and catalogues its admin edits at /t/<slug>/admin/program."""
from tenants.program.models import (
                                    Cohort,
                                    ProfileQuestion,
                                    Program,
                                    Skill,
                                    active_questions,
                                    active_skills,
                                    current_program,
)

__all__ = ["Cohort", "Program", "ProfileQuestion", "Skill", "active_questions", "active_skills",
           "current_program"]
