/** System / light / dark, on a Radix dropdown (non-modal: a modal menu would inject a <style> the CSP refuses). */
import { DropdownMenu } from 'radix-ui';
import { Icon, type IconName } from '../components/Icon';
import type { ThemeSetting } from '../lib/theme';
import { useTheme } from './use-theme';

const OPTIONS: Array<{ value: ThemeSetting; label: string; icon: IconName }> = [
  { value: 'system', label: 'System', icon: 'monitor' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
];

export function ThemeMenu() {
  const { setting, theme, setSetting } = useTheme();
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="button button-icon" aria-label={`Theme: ${setting}`} title="Theme">
        <Icon name={theme === 'dark' ? 'moon' : 'sun'} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={setting} onValueChange={(value) => setSetting(value as ThemeSetting)}>
            {OPTIONS.map((option) => (
              <DropdownMenu.RadioItem key={option.value} value={option.value} className="menu-item">
                <Icon name={option.icon} />
                <span>{option.label}</span>
                <DropdownMenu.ItemIndicator className="menu-check">
                  <Icon name="check" />
                </DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
