"""Who people are and what each may see: users, consent, codes, roles, two-step, audit."""
